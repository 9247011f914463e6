# plot-breakdown.gp - area and peak power by component of a few frontier
# designs per format, spread over latency (stacked bars), each labelled with
# latency, array rows x cols, k-split, dataflow and clock.
# Written by dse plot from the results folder; reads plot-breakdown.dat.
# Edit and rerun in this folder: gnuplot plot-breakdown.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each, one
# layout: 7.5 x 5.76667 in, text 10 pt.
array terminal[3] = [ \
	'pngcairo size 2250,1730 font "Sans,10" fontscale 3.125 linewidth 5.208 pointscale 4.321 noenhanced background "#ffffff"', \
	'svg size 540,415 font "Sans,10" linewidth 1.25 noenhanced background "#ffffff"', \
	'pdfcairo size 7.5in,5.767in font "Sans,10" fontscale 0.75 linewidth 2.5 pointscale 1.122 noenhanced']
array output[3] = ['plot-breakdown.png', 'plot-breakdown.svg', 'plot-breakdown.pdf']

set pointsize 1.25
set border lw 0.6
set grid xtics ytics mxtics mytics lt 1 lc rgb "#d9d9d9" lw 0.4, lt 1 lc rgb "#f0f0f0" lw 0.4
set tics nomirror out scale 0.6, 0.3
set key noopaque nobox samplen 2 spacing 1.1

set style fill solid 0.9 border rgb "#333333"
set boxwidth 0.7
set grid noxtics nomxtics nomytics ytics
unset xlabel
# each bar: latency, array rows × cols, k-split and dataflow, clock
unset xtics
set xrange [-0.6:7.6]

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	set multiplot

	# area (mm²)
	unset arrow
	unset label
	set label 903 'area (mm²)' at screen 0.0148, screen 0.7525 center rotate by 90
	set label 900 'Area and peak power of frontier designs' at screen 0.5, screen 0.9711 center front
	set label 901 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM' at screen 0.5, screen 0.9386 center front
	set lmargin at screen 0.0941
	set rmargin at screen 0.9770
	set bmargin at screen 0.6351
	set tmargin at screen 0.8699
	set key at screen 0.5, screen 0.9169 center top vertical maxrows 1 Left reverse noopaque nobox samplen 1.5 width -1
	set label '24.9 µs' at first 0, screen 0.6134 center
	set label '1×64' at first 0, screen 0.5845 center
	set label 'k2 os' at first 0, screen 0.5556 center
	set label '1.3 GHz' at first 0, screen 0.5267 center
	set label '99.6 µs' at first 1, screen 0.6134 center
	set label '64×256' at first 1, screen 0.5845 center
	set label 'k1 os' at first 1, screen 0.5556 center
	set label '0.71 GHz' at first 1, screen 0.5267 center
	set label '33 µs' at first 3, screen 0.6134 center
	set label '1×64' at first 3, screen 0.5845 center
	set label 'k2 os' at first 3, screen 0.5556 center
	set label '0.96 GHz' at first 3, screen 0.5267 center
	set label '263 µs' at first 4, screen 0.6134 center
	set label '64×256' at first 4, screen 0.5845 center
	set label 'k1 os' at first 4, screen 0.5556 center
	set label '0.52 GHz' at first 4, screen 0.5267 center
	set label '24.9 µs' at first 6, screen 0.6134 center
	set label '1×64' at first 6, screen 0.5845 center
	set label 'k2 os' at first 6, screen 0.5556 center
	set label '1.3 GHz' at first 6, screen 0.5267 center
	set label '106 µs' at first 7, screen 0.6134 center
	set label '64×256' at first 7, screen 0.5845 center
	set label 'k1 os' at first 7, screen 0.5556 center
	set label '0.67 GHz' at first 7, screen 0.5267 center
	set label 'hbfp8_576' at first 0.5, screen 0.4892 center
	set label 'bf16' at first 3.5, screen 0.4892 center
	set label 'int8' at first 6.5, screen 0.4892 center
	set yrange [0:150]
	set ytics 50
	plot 'plot-breakdown.dat' using 1:($8+$9+$10+$11) with boxes lc rgb "#999999" notitle, \
	     'plot-breakdown.dat' using 1:($8+$9+$10) with boxes lc rgb "#E69F00" notitle, \
	     'plot-breakdown.dat' using 1:($8+$9) with boxes lc rgb "#56B4E9" notitle, \
	     'plot-breakdown.dat' using 1:($8) with boxes lc rgb "#0072B2" notitle, \
	     NaN with boxes lc rgb "#0072B2" title 'PEs', \
	     NaN with boxes lc rgb "#56B4E9" title 'per-array fixed', \
	     NaN with boxes lc rgb "#E69F00" title 'SRAM', \
	     NaN with boxes lc rgb "#999999" title 'chip fixed'

	# peak power (W)
	unset arrow
	unset label
	set label 903 'peak power (W)' at screen 0.0148, screen 0.2742 center rotate by 90
	set lmargin at screen 0.0941
	set rmargin at screen 0.9770
	set bmargin at screen 0.1749
	set tmargin at screen 0.3736
	set key at screen 0.5, screen 0.4566 center top vertical maxrows 2 Left reverse noopaque nobox samplen 1.5 width -1
	set label '24.9 µs' at first 0, screen 0.1532 center
	set label '1×64' at first 0, screen 0.1243 center
	set label 'k2 os' at first 0, screen 0.0954 center
	set label '1.3 GHz' at first 0, screen 0.0665 center
	set label '99.6 µs' at first 1, screen 0.1532 center
	set label '64×256' at first 1, screen 0.1243 center
	set label 'k1 os' at first 1, screen 0.0954 center
	set label '0.71 GHz' at first 1, screen 0.0665 center
	set label '33 µs' at first 3, screen 0.1532 center
	set label '1×64' at first 3, screen 0.1243 center
	set label 'k2 os' at first 3, screen 0.0954 center
	set label '0.96 GHz' at first 3, screen 0.0665 center
	set label '263 µs' at first 4, screen 0.1532 center
	set label '64×256' at first 4, screen 0.1243 center
	set label 'k1 os' at first 4, screen 0.0954 center
	set label '0.52 GHz' at first 4, screen 0.0665 center
	set label '24.9 µs' at first 6, screen 0.1532 center
	set label '1×64' at first 6, screen 0.1243 center
	set label 'k2 os' at first 6, screen 0.0954 center
	set label '1.3 GHz' at first 6, screen 0.0665 center
	set label '106 µs' at first 7, screen 0.1532 center
	set label '64×256' at first 7, screen 0.1243 center
	set label 'k1 os' at first 7, screen 0.0954 center
	set label '0.67 GHz' at first 7, screen 0.0665 center
	set label 'hbfp8_576' at first 0.5, screen 0.0289 center
	set label 'bf16' at first 3.5, screen 0.0289 center
	set label 'int8' at first 6.5, screen 0.0289 center
	set arrow from graph 0, first 75 to graph 1, first 75 nohead front dt 2 lw 1 lc rgb "#333333"
	set label 'budget 75 W' at graph 0.99, first 75 right offset 0, char 0.6 front
	set yrange [0:100]
	set ytics 50
	plot 'plot-breakdown.dat' using 1:($12+$13+$14+$15+$16) with boxes lc rgb "#999999" notitle, \
	     'plot-breakdown.dat' using 1:($12+$13+$14+$15) with boxes lc rgb "#F0E442" notitle, \
	     'plot-breakdown.dat' using 1:($12+$13+$14) with boxes lc rgb "#E69F00" notitle, \
	     'plot-breakdown.dat' using 1:($12+$13) with boxes lc rgb "#56B4E9" notitle, \
	     'plot-breakdown.dat' using 1:($12) with boxes lc rgb "#0072B2" notitle, \
	     NaN with boxes lc rgb "#0072B2" title 'PE dynamic', \
	     NaN with boxes lc rgb "#56B4E9" title 'PE leakage', \
	     NaN with boxes lc rgb "#E69F00" title 'SRAM access', \
	     NaN with boxes lc rgb "#F0E442" title 'SRAM leakage', \
	     NaN with boxes lc rgb "#999999" title 'chip fixed'
	unset multiplot
	set output
}
