# plot-points.gp - the sampled feasible designs of each format coloured by
# array rows, with its Pareto frontier on top; one panel per format.
# Written by dse plot from frontier.json; reads plot-points.dat.
# Edit and rerun in this folder: gnuplot plot-points.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each.
array terminal[3] = [ \
	'pngcairo size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced', \
	'svg size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced background "white"', \
	'pdfcairo size 10.4in,6.93in font "Sans,9" linewidth 2 noenhanced']
array output[3] = ['plot-points.png', 'plot-points.svg', 'plot-points.pdf']

set border lw 1
set grid xtics ytics mxtics mytics lt 1 lc rgb "#dddddd" lw 0.5, lt 1 lc rgb "#eeeeee" lw 0.5
set key opaque box lc rgb "#bbbbbb" spacing 1.2 samplen 2.5
set tics nomirror out

set cblabel "array rows" offset char 1, 0
set logscale xycb
set format cb "%g"
set xrange [20:2000]
set xtics add (20, 50, 200, 500, 2000)
set yrange [10:1000]
set ytics add (20, 50, 200, 500)
set cbrange [1:64]
set cbtics 2
set mcbtics 1
set palette defined (0 "#440154", 1 "#414487", 2 "#2a788e", 3 "#22a884", 4 "#7ad151", 5 "#fde725")  # viridis

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	set key bottom right
	set multiplot layout 1, 3 margins 0.09, 0.86, 0.12, 0.86 spacing 0.04, 0.09 title 'Feasible designs (a uniform sample of 400 of 6,468) and Pareto frontiers' . "\n" . 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM'

	# panel 1: hbfp8_576
	set ylabel "throughput (TOp/s)"
	set format y "%g"
	set xlabel "latency of a batch (µs)"
	set format x "%g"
	unset colorbox
	set title 'hbfp8_576: 138 sampled designs'
	plot 'plot-points.dat' index 0 using 1:2:3 with points pt 7 ps 0.5 lc palette title 'sampled design', \
	     'plot-points.dat' index 3 using 1:2 with lines lw 6 lc rgb "white" notitle, \
	     'plot-points.dat' index 3 using 1:2 with lines lw 2.5 lc rgb "black" title 'Pareto frontier'
	unset key

	# panel 2: bf16
	set ylabel ""
	set format y ""
	set xlabel "latency of a batch (µs)"
	set format x "%g"
	unset colorbox
	set title 'bf16: 133 sampled designs'
	plot 'plot-points.dat' index 1 using 1:2:3 with points pt 7 ps 0.5 lc palette title 'sampled design', \
	     'plot-points.dat' index 4 using 1:2 with lines lw 6 lc rgb "white" notitle, \
	     'plot-points.dat' index 4 using 1:2 with lines lw 2.5 lc rgb "black" title 'Pareto frontier'

	# panel 3: int8
	set ylabel ""
	set format y ""
	set xlabel "latency of a batch (µs)"
	set format x "%g"
	set colorbox user origin screen 0.88, screen 0.12 size screen 0.02, screen 0.74
	set title 'int8: 129 sampled designs'
	plot 'plot-points.dat' index 2 using 1:2:3 with points pt 7 ps 0.5 lc palette title 'sampled design', \
	     'plot-points.dat' index 5 using 1:2 with lines lw 6 lc rgb "white" notitle, \
	     'plot-points.dat' index 5 using 1:2 with lines lw 2.5 lc rgb "black" title 'Pareto frontier'
	unset multiplot
	set output
}
